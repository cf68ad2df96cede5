// npm run audit scores the front page and the newest story of the site as built, whatever its stories
// are (src/audit-pages.ts): a story named in the code was the sample's, which a newsroom's site lacks.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { AuditPagesError, pagesToAudit } from "../src/audit-pages.ts";
import { buildFixture, makeFixtureSite, type FixtureSite } from "./helpers/site.ts";

const story = (headline: string, date: string, section: string) => `---\nheadline: ${headline}\ndate: ${date}\nsection: ${section}\n---\n\nThe story.\n`;

describe("the pages npm run audit scores", () => {
  let site: FixtureSite;
  before(async () => {
    site = await makeFixtureSite(
      {
        "2026/11/regates.md": story("Régates d'automne", "2026-11-28T16:45:00+01:00", "nautisme"),
        "2026/12/budget.md": story("Le budget est voté", "2026-12-01T20:10:00+01:00", "communes"),
        "2026/10/contes.md": story("Festival de contes", "2026-10-02T09:00:00+01:00", "communes"),
      },
      {
        name: "Le Courrier du Lac",
        baseUrl: "https://www.courrier-du-lac.fr/journal",
        language: "fr",
        timeZone: "Europe/Paris",
        sections: [
          { slug: "communes", name: "Communes" },
          { slug: "nautisme", name: "Nautisme" },
        ],
      },
    );
    const built = await buildFixture(site, ["--now", "2026-12-05T00:00:00Z"]);
    assert.equal(built.code, 0, built.stderr);
  });
  after(() => site.remove());

  test("without --pages, the front page and the newest story of the site's own", async () => {
    assert.deepEqual(await pagesToAudit(site.outputDir), ["/", "/communes/budget/"]);
  });

  test("pages named with --pages are audited when the site has them", async () => {
    assert.deepEqual(await pagesToAudit(site.outputDir, "/nautisme/, /nautisme/regates/"), ["/nautisme/", "/nautisme/regates/"]);
  });

  test("a page the site does not have is refused, named, with what to do", async () => {
    await assert.rejects(pagesToAudit(site.outputDir, "/,/pakistan/washington-shared-interest-pakistan/,/../etc/"), (error: unknown) => {
      assert.ok(error instanceof AuditPagesError);
      assert.match(error.message, /no page at \/pakistan\/washington-shared-interest-pakistan\/, \/\.\.\/etc\/:/);
      assert.match(error.message, /--pages \/,\/section\/story\//);
      return true;
    });
  });

  test("--pages naming no page is refused, as an audit of nothing would pass --min", async () => {
    for (const named of ["", " , "]) {
      await assert.rejects(pagesToAudit(site.outputDir, named), (error: unknown) => error instanceof AuditPagesError && /--pages names no page/.test(error.message), JSON.stringify(named));
    }
  });
});
