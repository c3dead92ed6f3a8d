"""Document writers: a Disclosure as PDF, DOCX, XLSX or text (tests, `gongkai render`)."""
