extension String {
    /// A string of UTF-8 bytes the caller has checked already: an article's text once it passed
    /// ``CorpusLoader/validated(_:)`` (and so any slice of it cut at an ASCII byte, as lines are), or bytes that
    /// passed ``CorpusLoader/firstInvalidUTF8(_:)``. The bytes are copied without the standard library checking
    /// them again: it checks a two-byte script such as Arabic a scalar at a time, which was more than half the cost
    /// of making each line of an article and each string read back from the cache.
    ///
    /// - Precondition: `bytes` is valid UTF-8 (checked in debug builds). A string of invalid bytes breaks what the
    ///   standard library assumes of every string: never pass bytes that were not checked.
    init(checkedUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        assert(CorpusLoader.firstInvalidUTF8(bytes) == nil, "bytes passed as checked UTF-8 are not valid UTF-8")
        self = String(copying: UTF8Span(unchecked: bytes.span))
    }

    /// The string of `bytes` if they are valid UTF-8, else nil: what `String(validating:as:)` gives, checked by
    /// ``CorpusLoader/firstInvalidUTF8(_:)`` (sixteen bytes at a time for Arabic, where the standard library checks
    /// a scalar at a time). For bytes of brief's own files read back (the cache's, `brief analyze`'s lines). ASCII
    /// bytes (a corpus's file names, mostly) are told in one loop, which for a short name costs less than the check.
    init?(checkingUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.allSatisfy({ $0 < 0x80 }) || CorpusLoader.firstInvalidUTF8(bytes) == nil else { return nil }
        self.init(checkedUTF8: bytes)
    }
}
