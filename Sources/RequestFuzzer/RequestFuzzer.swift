import Foundation
import RequestReading

/// A libFuzzer target over what the server reads of a request before anything is done for it (RequestReading,
/// the very functions the server calls): the `Range` header, the headers that say who asks (`Host`, `Origin`,
/// `Sec-Fetch-Site`, `Content-Type`), a preview's query string (cut into parameters as Hummingbird cuts it:
/// `QueryParameters`) and a render's JSON body, and an upload's file name. Built with `-sanitize=fuzzer` by
/// `make fuzz`, seeded with Sources/RequestFuzzer/Seeds.
///
/// Every input goes through each of them. None may crash or hang; beyond that it checks what a client would
/// notice: a range lies within the file, a refusal or a problem is one line, a name that passes holds no
/// control character, and the page's own requests are never refused.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequest(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Data(bytes: $0, count: count) } ?? Data()
    let text = String(decoding: bytes, as: UTF8.self)
    let size = bytes.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF_FFFF }
    checkRange(text, size: size)
    checkRange(text, size: Int.max / 2)
    checkAccess(text)
    checkQuery(text)
    checkBody(bytes)
    checkFileName(text, bytes: bytes)
    return 0
}

private func checkRange(_ header: String, size: Int) {
    guard let range = ByteRange.parse(header, size: size) else { return }
    check(!range.isEmpty && range.lowerBound >= 0 && range.upperBound <= size, "range \(range) outside a file of \(size) bytes for '\(header)'")
}

/// The input's lines are a request's method, path, Host, Origin, Sec-Fetch-Site and Content-Type.
private func checkAccess(_ text: String) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    func line(_ index: Int) -> String? { index < lines.count && !lines[index].isEmpty ? lines[index] : nil }
    for bound in ["127.0.0.1", "0.0.0.0", "::1", line(6) ?? "localhost"] {
        let policy = AccessPolicy(boundHost: bound, port: 8080, machineName: "studio")
        let refusal = policy.refusal(method: line(0) ?? "GET", path: line(1) ?? "/", host: line(2), origin: line(3), fetchSite: line(4),
                                     contentType: line(5))?.message
        if let refusal {
            check(!refusal.isEmpty && !refusal.contains("\n"), "a refusal of more than one line: \(refusal)")
        }
        // The page's own requests, as a browser sends them, always pass.
        let own = policy.refusal(method: "POST", path: "/api/renders", host: "127.0.0.1:8080", origin: "http://127.0.0.1:8080",
                                 fetchSite: "same-origin", contentType: "application/json; charset=utf-8")
        check(own == nil, "the page's own request was refused")
    }
}

private func checkQuery(_ text: String) {
    let query = QueryParameters(text)
    let choice = SessionChoice(query: query.get)
    checkChoice(choice)
}

private func checkBody(_ bytes: Data) {
    guard let choice = try? JSONDecoder().decode(SessionChoice.self, from: bytes) else {
        if let error = (Result { try JSONDecoder().decode(SessionChoice.self, from: bytes) }).failure {
            check(!Query.describe(error).contains("\n"), "a decoding message of more than one line")
        }
        return
    }
    checkChoice(choice)
    check(RenderSize.expectedBytes(of: choice, durationSeconds: (choice.minutes ?? 10) * 60) >= 0, "a negative size")
}

private func checkChoice(_ choice: SessionChoice) {
    if let problem = choice.problem {
        check(!problem.contains("\n"), "a problem of more than one line: \(problem)")
        return
    }
    let names = [choice.routine, choice.level, choice.voice, choice.tones, choice.ambience, choice.bits, choice.format, choice.routineFileName]
    for name in names.compactMap({ $0 }) {
        check(!name.unicodeScalars.contains { $0.properties.generalCategory == .control }, "a name with a control character passed")
    }
    _ = choice.sessionArguments
    _ = choice.soundArguments
    // A program's numbers reach the command line's parser as decimal digits only, at most three.
    for value in choice.programArguments where !value.hasPrefix("--") {
        check(!value.isEmpty && value.count <= 3 && value.utf8.allSatisfy { $0 >= 48 && $0 <= 57 },
              "a program number that is not decimal digits passed: \(value)")
    }
}

private func checkFileName(_ text: String, bytes: Data) {
    let name = Upload.displayName(text, sniffing: bytes)
    check(!name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }, "an unsafe file name '\(name)'")
}

private extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fail(message()) }
}

private func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("RequestFuzzer: \(message)\n".utf8))
    abort()
}
