import CDynamicLinker
import Foundation

/// The static variables of a loaded shared library: the writable part of its image (`.data`, `.bss`, and the
/// `.got.plt`, which only ever holds the same addresses again), found through the dynamic linker
/// (`dl_iterate_phdr`, declared by `CDynamicLinker` as `audiocoach_iterate_libraries`). Captured and put back, they return the library to a state it was in.
///
/// What the library allocated on the heap is not part of it: a state put back still points to the heap
/// blocks it pointed to then, so whoever restores a state must keep those alive and free what was allocated
/// since (`Espeak` does, for libespeak-ng).
final class LibraryMemory {
    /// The writable memory as it was when captured.
    struct Snapshot {
        fileprivate let bytes: [UInt8]
    }

    /// The library's static variables.
    private let region: UnsafeMutableRawBufferPointer
    /// Where the library's whole image (code, constants and variables) is mapped.
    private let image: Range<UInt>

    /// The memory of the loaded library whose file name contains `fileName`, such as `libespeak-ng.so`; nil when
    /// no such library is loaded or it has no writable segment.
    init?(ofLoadedLibrary fileName: String) {
        var found = Found(fileName: fileName)
        withUnsafeMutablePointer(to: &found) { pointer in
            _ = audiocoach_iterate_libraries({ info, _, data in
                guard let info, let found = data?.assumingMemoryBound(to: Found.self) else { return 0 }
                return found.pointee.inspect(info.pointee) ? 1 : 0
            }, pointer)
        }
        guard let writable = found.writable, let image = found.image, !writable.isEmpty,
              let start = UnsafeMutableRawPointer(bitPattern: writable.lowerBound) else { return nil }
        region = UnsafeMutableRawBufferPointer(start: start, count: Int(writable.count))
        self.image = image
    }

    /// The size of the library's static variables, in bytes.
    var byteCount: Int { region.count }

    func capture() -> Snapshot {
        Snapshot(bytes: Array(region))
    }

    /// Puts every static variable back as it was in `snapshot`.
    func restore(_ snapshot: Snapshot) {
        snapshot.bytes.withUnsafeBytes { region.copyMemory(from: $0) }
    }

    /// Whether `pointer` points into the library's image, as to one of its string constants, rather than to the heap.
    func imageContains(_ pointer: UnsafeRawPointer) -> Bool {
        image.contains(UInt(bitPattern: pointer))
    }
}

/// What `dl_iterate_phdr` reports of one library, read from its program headers.
private struct Found {
    /// `PT_LOAD`, `PT_GNU_RELRO` and `PF_W` of <elf.h>.
    private static let loadable: UInt32 = 1
    private static let readOnlyAfterRelocation: UInt32 = 0x6474_e552
    private static let writableFlag: UInt32 = 2

    let fileName: String
    var writable: Range<UInt>?
    var image: Range<UInt>?

    /// Reads `info` if it is the library looked for; true when it was.
    mutating func inspect(_ info: audiocoach_library_info) -> Bool {
        guard let name = info.dlpi_name, String(cString: name).contains(fileName), let headers = info.dlpi_phdr else { return false }
        let base = UInt(info.dlpi_addr)
        let pageSize = UInt(sysconf(Int32(_SC_PAGESIZE)))
        var relocatedEnd: UInt = 0
        var segments: [(range: Range<UInt>, writable: Bool)] = []
        for header in UnsafeBufferPointer(start: headers, count: Int(info.dlpi_phnum)) {
            let start = base + UInt(header.p_vaddr)
            let range = start..<start + UInt(header.p_memsz)
            if header.p_type == Self.readOnlyAfterRelocation {
                // The dynamic linker makes this part read-only once relocated, rounded up to a page.
                relocatedEnd = (range.upperBound + pageSize - 1) / pageSize * pageSize
            } else if header.p_type == Self.loadable {
                segments.append((range, header.p_flags & Self.writableFlag != 0))
            }
        }
        guard let low = segments.map(\.range.lowerBound).min(), let high = segments.map(\.range.upperBound).max() else { return true }
        image = low..<high
        if let segment = segments.first(where: \.writable), max(segment.range.lowerBound, relocatedEnd) < segment.range.upperBound {
            writable = max(segment.range.lowerBound, relocatedEnd)..<segment.range.upperBound
        }
        return true
    }
}
