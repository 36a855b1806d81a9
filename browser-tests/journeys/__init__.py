"""The journeys: one module per journey, named jNN_<what>.py, each registering itself with
@harness.journey(NN, "what the user does"). Every module in this folder is imported here, so
adding a journey is adding a file."""
import importlib
import pkgutil

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")
