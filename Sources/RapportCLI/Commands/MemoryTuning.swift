#if canImport(Glibc)
/// glibc's mallopt; Swift's Glibc module does not export malloc.h.
@_silgen_name("mallopt") private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

/// glibc gives each thread that allocates its own arena and keeps freed memory in it,
/// which shows up as resident memory the server no longer uses. Two arenas are enough
/// for a server whose work runs on a couple of event loops.
func limitMallocArenas() {
    let arenaMax: Int32 = -8  // M_ARENA_MAX in malloc.h
    _ = glibcMallopt(arenaMax, 2)
}
#else
func limitMallocArenas() {}
#endif
