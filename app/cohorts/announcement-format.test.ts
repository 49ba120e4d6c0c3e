import { describe, expect, it } from "vitest";
import { announcementHtml } from "./announcement-format.server";

describe("announcement formatting", () => {
  it("renders links, bold and lists", () => {
    const html = announcementHtml("Bring **your ID**.\n\n- Room 2\n- 8:30\n\nSee [the agenda](https://example.org/agenda).");
    expect(html).toContain("<strong>your ID</strong>");
    expect(html).toContain("<li>Room 2</li>");
    expect(html).toContain('<a rel="noopener noreferrer nofollow" href="https://example.org/agenda">the agenda</a>');
  });

  it("escapes HTML and drops dangerous links and images (the attack: script in an announcement)", () => {
    for (const attack of [
      "<script>alert(1)</script>",
      "Hello <img src=x onerror=alert(1)> there",
      "[click](javascript:alert(1))",
      "[click](JaVaScRiPt:alert(1)) and [d](data:text/html;base64,PHNjcmlwdD4=)",
      "![t](https://tracker.example/p.png)",
      'Text <a href="javascript:alert(2)">x</a>',
    ]) {
      const html = announcementHtml(attack);
      expect(html, attack).not.toMatch(/<script|<img|<a href="javascript|href="(javascript|data):/i);
    }
    expect(announcementHtml("<script>alert(1)</script>")).toContain("&lt;script&gt;");
  });
});
