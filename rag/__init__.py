"""rag — cited answers over a folder of documents, offline by default.

Importing the package sets the process-wide switches that keep every library off the network:
no hub downloads (weights ship in packages), litellm's local cost map, no Gradio or Chroma analytics.
A user may still override each one in their environment.
"""

import os

for _name, _value in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "TRANSFORMERS_VERBOSITY": "error",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
}.items():
    os.environ.setdefault(_name, _value)

__version__ = "0.1.0"
