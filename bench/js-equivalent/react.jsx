// The JavaScript equivalent as most such apps are written: React, with the same sign-in form,
// the completion of an email link (the address kept in localStorage, as the Firebase docs do it)
// and the user's folder listed once STS has answered.
import { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { connect } from "./flows.js";

const config = await (await fetch("config.json")).json();
const app = connect(config);
const EMAIL_FOR_SIGN_IN = "emailForSignIn";

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

function Files({ user }) {
  const [objects, setObjects] = useState(null);
  const [problem, setProblem] = useState(null);
  useEffect(() => {
    app.list(`users/${user.uid}/`).then((page) => setObjects(page.Contents ?? []), (error) => setProblem(error.message));
  }, [user]);
  if (problem) return <p role="alert">{problem}</p>;
  if (!objects) return <p>Loading…</p>;
  return (
    <table>
      <tbody>
        {objects.map((o) => (
          <tr key={o.Key} data-testid="file-row"><td>{o.Key.split("/").pop()}</td><td>{o.Size}</td><td>{o.LastModified.toISOString()}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

function App() {
  const [user, setUser] = useState(null);
  useEffect(() => {
    app.onUser(setUser);
    const email = localStorage.getItem(EMAIL_FOR_SIGN_IN);
    const completing = email && app.completeLink(email);
    if (completing) completing.then(() => localStorage.removeItem(EMAIL_FOR_SIGN_IN));
  }, []);
  return user ? <Files user={user} /> : <SignIn />;
}

document.getElementById("loading").remove();
createRoot(document.getElementById("root")).render(<App />);
