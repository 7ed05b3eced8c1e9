"""The screens pushed over the main one: the entity and date views, and the help."""
