"""A shared corpus of hostile and awkward input, pushed through every form.

Each string must come back escaped in HTML, neutralised in CSV and kept out of
email headers; none may cause a server error.
"""

HOSTILE_STRINGS = [
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1)>',
    "<a href=\"javascript:alert('x')\">klicka</a>",
    "javascript:alert(document.cookie)",
    "{{ request.user.password }}{% debug %}",
    '=HYPERLINK("http://evil.example","klicka")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "rad ett\r\nBcc: offer@example.org",
    "noll\x00byte",
    "Åsa Öberg på Ängsvägen – trygghetsvandring 🚓🔥",
    "'; DROP TABLE portal_place; --",
    "\u202eevil\u202c",
    "A" * 100_000,
]

# The markers a rendered page must never contain raw.
RAW_MARKERS = ['<script>alert("xss")</script>', "<img src=x onerror", '<a href="javascript:']
