"""Checks the charts of one rendered page in the browser: every label inside its chart's box, none over a bar.

Usage: python3 chart-check.py PAGE.html. Loads a copy of the page (its Content-Security-Policy, which forbids
scripts, taken out, and a measuring script put in) in headless Chromium, reads back what the script found from
the dumped DOM, prints one line and exits 1 on a problem. A page without charts passes at once.
"""
import html as entities
import os
import re
import subprocess
import sys
import tempfile

MEASURE = """<script>
addEventListener('load', () => {
  const problems = [];
  for (const svg of document.querySelectorAll('figure.chart svg')) {
    const box = svg.viewBox.baseVal;
    const bars = [...svg.querySelectorAll('rect')].map(r => r.getBBox());
    for (const t of svg.querySelectorAll('text')) {
      const b = t.getBBox();
      const name = JSON.stringify(t.textContent);
      if (b.x < box.x - 0.5 || b.x + b.width > box.x + box.width + 0.5) problems.push(name + ' outside its chart');
      for (const r of bars) {
        const dx = Math.min(b.x + b.width, r.x + r.width) - Math.max(b.x, r.x);
        const dy = Math.min(b.y + b.height, r.y + r.height) - Math.max(b.y, r.y);
        if (dx > 1 && dy > 2) { problems.push(name + ' over a bar'); break; }
      }
    }
  }
  document.body.setAttribute('data-chart-check', problems.length ? problems.slice(0, 3).join('; ') : 'ok');
});
</script>"""


def main():
    page = sys.argv[1]
    html = open(page, encoding="utf-8").read()
    if '<figure class="chart">' not in html:
        print(f"{page}: charts ok (none)")
        return
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    html = html.replace("</body>", MEASURE + "</body>")
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8", delete=False) as f:
        f.write(html)
        copy = f.name
    try:
        dom = subprocess.run(
            ["timeout", "120", "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--virtual-time-budget=5000", "--dump-dom", "file://" + copy],
            capture_output=True, text=True).stdout
    finally:
        os.unlink(copy)
    found = re.search(r'data-chart-check="([^"]*)"', dom)
    if not found:
        print(f"{page}: charts not measured (the page did not load in the browser)")
        sys.exit(1)
    if found.group(1) != "ok":
        print(f"{page}: chart labels misplaced: {entities.unescape(found.group(1))}")
        sys.exit(1)
    print(f"{page}: charts ok")


main()
