// The JavaScript equivalent without a framework: the sign-in form built with the DOM.
import { connect } from "./flows.js";

const config = await (await fetch("config.json")).json();
const app = connect(config);
const form = document.createElement("form");
form.innerHTML = `<label>Email <input name="email" type="email" data-testid="password-email" required></label>
  <label>Password <input name="password" type="password" required></label><button>Sign in</button><p role="alert"></p>`;
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await app.password(form.email.value, form.password.value);
  } catch (error) {
    form.querySelector("p").textContent = error.message;
  }
});
document.getElementById("loading").replaceWith(form);
app.onUser(() => {});
