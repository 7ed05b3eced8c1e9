"""One module per pane widget, named after its class."""
