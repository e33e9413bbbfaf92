"""The browser app, a client of the Library: ``app.build`` makes the Gradio page, ``launch.launch`` serves it.

Imported only to serve: gradio takes seconds to import.
"""
