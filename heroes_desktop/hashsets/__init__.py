"""Hash sets: known-good (NSRL), known material (Project VIC VICS), plain lists and perceptual-hash lists;
matching a case against them, exactly and by Hamming distance."""
