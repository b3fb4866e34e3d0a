"""Reports, filters (personal info, word list, crisis), sanctions and the audit log."""
