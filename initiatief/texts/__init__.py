"""The words: every sentence, heading and label for people, in nl and en, and money and numbers as people write them."""
