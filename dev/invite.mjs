#!/usr/bin/env node
// Invitations, for administrators: an invited user carries session tags in a Firebase custom
// claim (https://aws.amazon.com/tags), which only the Admin SDK can set; STS turns them into the
// session's tags and the role's policies require them (firebridge=member to get anything, team
// for a team's folder, access=read for a read-only session). Built on the official firebase-admin
// SDK.
//
//   dev/invite.mjs invite EMAIL [--team NAME] [--read-only] [--url APP_URL] [--send]
//   dev/invite.mjs list
//   dev/invite.mjs set EMAIL [--team NAME | --no-team] [--read-only | --read-write]
//   dev/invite.mjs revoke EMAIL
//
// invite creates the account if there is none, sets the claim and prints a sign-in link to the
// app (APP_URL, default http://127.0.0.1:8080); --send has Firebase email the link instead.
// revoke removes the claim and revokes the user's refresh tokens (AWS credentials already issued
// stay valid until they expire: see README, "Revoking access").
//
// Production: FIREBASE_PROJECT=<project id> and GOOGLE_APPLICATION_CREDENTIALS=<service account
// key file> (Firebase console > Project settings > Service accounts); FIREBASE_API_KEY for --send.
// Local stack: `make invite EMAIL=...` sets FIREBASE_AUTH_EMULATOR_HOST and the demo project.
import { initializeApp, applicationDefault } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";

const TAGS_CLAIM = "https://aws.amazon.com/tags";
const TEAM_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const USAGE = `usage:
  invite.mjs invite EMAIL [--team NAME] [--read-only] [--url APP_URL] [--send]
  invite.mjs list
  invite.mjs set EMAIL [--team NAME | --no-team] [--read-only | --read-write]
  invite.mjs revoke EMAIL`;

function fail(message) {
  console.error(message);
  process.exit(2);
}

function parse(argv) {
  const [command, ...rest] = argv;
  const options = { positional: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--team" || arg === "--url") options[arg.slice(2)] = rest[++i] ?? fail(`${arg} needs a value`);
    else if (["--read-only", "--read-write", "--no-team", "--send"].includes(arg)) options[arg.slice(2)] = true;
    else if (arg.startsWith("--")) fail(`unknown option ${arg}\n${USAGE}`);
    else options.positional.push(arg);
  }
  if (options.team !== undefined && !TEAM_NAME.test(options.team)) {
    fail(`team names become folder names (teams/<team>/): lowercase letters, digits and dashes, up to 63 (got "${options.team}")`);
  }
  return { command, options };
}

/** The session tags of an invitation, as STS reads them: one value per tag, in a list. */
function tagsOf(membership) {
  const principal = { firebridge: ["member"] };
  if (membership.team) principal.team = [membership.team];
  principal.access = [membership.readOnly ? "read" : "write"];
  return { principal_tags: principal };
}

function membershipOf(user) {
  const tags = user.customClaims?.[TAGS_CLAIM]?.principal_tags ?? {};
  if (tags.firebridge?.[0] !== "member") return null;
  return { team: tags.team?.[0] ?? null, readOnly: tags.access?.[0] === "read" };
}

async function userByEmail(auth, email, { create = false } = {}) {
  try {
    return await auth.getUserByEmail(email);
  } catch (error) {
    if (error.code !== "auth/user-not-found") throw error;
    if (!create) fail(`${email} has no account`);
    return auth.createUser({ email });
  }
}

async function setMembership(auth, user, membership) {
  const claims = { ...(user.customClaims ?? {}) };
  if (membership) claims[TAGS_CLAIM] = tagsOf(membership);
  else delete claims[TAGS_CLAIM];
  // Firebase limits custom claims to 1000 bytes of JSON.
  if (JSON.stringify(claims).length > 1000) fail(`${user.email}'s custom claims would exceed Firebase's 1000 bytes`);
  await auth.setCustomUserClaims(user.uid, claims);
}

async function sendLink(email, url) {
  const key = process.env.FIREBASE_API_KEY ?? (process.env.FIREBASE_AUTH_EMULATOR_HOST ? "fake-api-key" : null);
  if (!key) fail("--send needs FIREBASE_API_KEY (the project's web API key)");
  const base = process.env.FIREBASE_AUTH_EMULATOR_HOST ? `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}/` : "https://";
  const response = await fetch(`${base}identitytoolkit.googleapis.com/v1/accounts:sendOobCode?key=${key}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ requestType: "EMAIL_SIGNIN", email, continueUrl: url }),
  });
  if (!response.ok) fail(`Firebase did not send the link: ${response.status} ${await response.text()}`);
}

function describe(user, membership) {
  const team = membership.team ? `team ${membership.team}` : "no team";
  return `${user.email}\t${user.uid}\t${team}\t${membership.readOnly ? "read-only" : "read-write"}`;
}

async function main() {
  const { command, options } = parse(process.argv.slice(2));
  const projectId = process.env.FIREBASE_PROJECT ?? fail("FIREBASE_PROJECT must name the Firebase project");
  const emulated = Boolean(process.env.FIREBASE_AUTH_EMULATOR_HOST);
  initializeApp(emulated ? { projectId } : { projectId, credential: applicationDefault() });
  const auth = getAuth();
  const [email] = options.positional;
  const needEmail = () => email ?? fail(`${command} needs an email address\n${USAGE}`);
  switch (command) {
    case "invite": {
      const user = await userByEmail(auth, needEmail(), { create: true });
      const membership = { team: options.team ?? null, readOnly: Boolean(options["read-only"]) };
      await setMembership(auth, user, membership);
      const url = `${(options.url ?? "http://127.0.0.1:8080").replace(/\/$/, "")}/login?next=files`;
      if (options.send) {
        await sendLink(user.email, url);
        console.log(`invited ${describe(user, membership)}; Firebase emailed the sign-in link`);
      } else {
        const link = await auth.generateSignInWithEmailLink(user.email, { url, handleCodeInApp: true });
        console.log(`invited ${describe(user, membership)}\nsign-in link (single use, for ${user.email}):\n${link}`);
      }
      break;
    }
    case "list": {
      let page;
      do {
        page = await auth.listUsers(1000, page?.pageToken);
        for (const user of page.users) {
          const membership = membershipOf(user);
          if (membership) console.log(describe(user, membership));
        }
      } while (page.pageToken);
      break;
    }
    case "set": {
      const user = await userByEmail(auth, needEmail());
      const current = membershipOf(user) ?? fail(`${user.email} is not invited: use invite`);
      const team = options["no-team"] ? null : (options.team ?? current.team);
      const readOnly = options["read-only"] ? true : options["read-write"] ? false : current.readOnly;
      await setMembership(auth, user, { team, readOnly });
      // New tags reach AWS with the user's next ID token: end the current ones.
      await auth.revokeRefreshTokens(user.uid);
      console.log(`changed ${describe(user, { team, readOnly })} (signed out: the change applies at the next sign-in)`);
      break;
    }
    case "revoke": {
      const user = await userByEmail(auth, needEmail());
      await setMembership(auth, user, null);
      await auth.revokeRefreshTokens(user.uid);
      console.log(`revoked ${user.email}: no new AWS credentials; those already issued last until they expire (README, "Revoking access")`);
      break;
    }
    default:
      fail(USAGE);
  }
}

main().catch((error) => fail(`${error.code ?? "error"}: ${error.message}`));
