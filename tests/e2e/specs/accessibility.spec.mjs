// axe-core (WCAG 2.1 A and AA) finds nothing on any page, in the light and the dark theme, at a
// desktop and a phone width: contrast, names of controls, landmarks, ARIA (issue 17 found the
// old accent and link colours below 4.5:1 on every page).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, withConfig } from "../support/harness.mjs";
import { accessibilityViolations, memberWithFiles, signedInPages, signedOutPages, visit } from "../support/tour.mjs";

const app = useApp();
const SCREENS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 800 } };

for (const colorScheme of ["light", "dark"]) {
  for (const [screen, viewport] of Object.entries(SCREENS)) {
    test(`no violation on any page: ${colorScheme} theme, ${screen}`, async () => {
      const found = [];
      const page = await memberWithFiles(app, { colorScheme, viewport });
      for (const entry of signedInPages) {
        await visit(page, app.origin, entry);
        for (const violation of await accessibilityViolations(page)) found.push(`${entry.name}: ${violation}`);
      }
      const context = await app.browser.newContext({ colorScheme, viewport });
      const visitor = await context.newPage();
      for (const entry of signedOutPages) {
        await visit(visitor, app.origin, entry);
        for (const violation of await accessibilityViolations(visitor)) found.push(`${entry.name}: ${violation}`);
      }
      await withConfig(visitor, (config) => { config.aws.bucket = "Not A Bucket"; });
      await visitor.goto(app.origin + "/");
      await visitor.getByTestId("config-error").waitFor();
      for (const violation of await accessibilityViolations(visitor)) found.push(`config error: ${violation}`);
      await context.close();
      assert.deepEqual(found, []);
    });
  }
}
