"""Go assembly syntax: tokens, preprocessor, operand grammar and statements."""
