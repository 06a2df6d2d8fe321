"""Korean text as people type it: normalization, numbers as the report prints them."""
