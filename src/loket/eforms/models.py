"""Request forms built by staff without code, and residents' (draft) submissions."""
