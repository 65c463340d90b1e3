-- Message text for full-text search; rowid = message_search.id. Trigram tokens work in every script
-- (CJK included) and match substrings of three characters or more, case-insensitively.
CREATE VIRTUAL TABLE `message_fts` USING fts5(`text`, tokenize = 'trigram');
