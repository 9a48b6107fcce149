"""The bundled demo: a fictional Thai SAO website (อบต.โนนสะอาดงาม) and the server that serves it.

``checker/demo/site`` is a static copy of the agency's website as of 30 April 2567 (2024): 21 of
the 35 ITA 2567 OIT items are published correctly and 14 are missing or wrong, each for a
different realistic reason, mirroring the seed agency's official result (see ``site/_README.md``).
``checker.demo.server.serve_site`` serves it over real HTTP on 127.0.0.1 for ``make demo`` and the
integration tests; ``scripts/build_demo_site.py`` regenerates its PDFs and images.
"""
