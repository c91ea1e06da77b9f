// The JavaScript equivalent as most such apps are written: React, with the same sign-in form.
import { useState } from "react";
import { createRoot } from "react-dom/client";
import { connect } from "./flows.js";

const config = await (await fetch("config.json")).json();
const app = connect(config);

function SignIn() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState(null);
  const submit = async (event) => {
    event.preventDefault();
    try {
      await app.password(email, password);
    } catch (error) {
      setProblem(error.message);
    }
  };
  return (
    <form onSubmit={submit}>
      <label>Email <input type="email" data-testid="password-email" value={email} onChange={(e) => setEmail(e.target.value)} required /></label>
      <label>Password <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
      <button>Sign in</button>
      {problem && <p role="alert">{problem}</p>}
    </form>
  );
}

document.getElementById("loading").remove();
createRoot(document.getElementById("root")).render(<SignIn />);
app.onUser(() => {});
