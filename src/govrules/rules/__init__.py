"""One small module per rule family. Each rule returns findings; none decides the outcome alone."""
