import Foundation
import ScriptBuilder

/// A libFuzzer target over the whole routine path the program takes before any sound: decode the bytes,
/// validate them, fit the routine to session lengths at every level, compose the script and write it out
/// as preview text, JSON, captions and chapters. Built with `-sanitize=fuzzer` by `make fuzz`, which seeds
/// it with the built-in routines and docs/examples.
///
/// Any input may be refused with an error; none may crash, hang or run out of memory. Beyond not
/// crashing, it checks what a user would notice: a script is as long as asked, its cues in order and within it.

/// A speech clock that needs no synthesizer: 0.2 s plus 60 ms a character, about 150 words a minute.
struct FakeSpeechClock: SpeechTiming {
    func secondsToSay(_ text: String) throws -> Double {
        0.2 + 0.06 * Double(text.count)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRoutine(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Data(bytes: $0, count: count) } ?? Data()
    let format: RoutineFormat = bytes.first == UInt8(ascii: "{") ? .json : .yaml
    let file: RoutineFile
    do {
        file = try RoutineDecoder.decode(bytes, file: "fuzz.\(format.rawValue)", name: "fuzz", format: format)
    } catch let error as RoutineFileError {
        check(!error.problems.isEmpty, "a refused file has no problem to report")
        for problem in error.problems {
            check(!problem.description.contains("\n"), "a problem spans lines: \(problem.description)")
        }
        return 0
    } catch {
        fail("decode threw something other than RoutineFileError: \(error)")
    }
    let clock = FakeSpeechClock()
    let fitting = file.fittingProblems(file: "fuzz.yaml", timing: clock)
    guard fitting.isEmpty else { return 0 }
    let planner = Planner(timing: clock)
    let composer = ScriptComposer(timing: clock)
    // One level and one length per input, both picked by the input: fitting a long session composes the
    // script many times over, and the fuzzer's time is better spent on more inputs.
    let pick = bytes.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
    let level = Level.allCases[Int(pick % 3)]
    do {
        let shortest = Minutes.roundedUp(seconds: try planner.shortestSeconds(file.routine, level: level))
        let longest = file.routine.minutes?.upperBound ?? Planner.longestSessionSeconds / 60
        let minutes = min(longest, shortest + Double(pick / 3 % 16))
        guard minutes >= shortest else { return 0 }
        let plan = try planner.plan(file.routine, level: level, seconds: minutes * 60)
        let script = try composer.compose(plan)
        check(abs(script.duration - minutes * 60) < 0.01, "asked for \(minutes) min, got \(script.duration) s")
        var last = 0.0
        for cue in script.cues {
            check(cue.start >= last - 1e-6 && cue.end <= script.duration + 1e-6, "a cue out of order or past the end: \(cue)")
            last = cue.start
        }
        _ = script.text()
        _ = script.json()
        _ = script.captions(.vtt)
        _ = script.captions(.srt)
        _ = script.chapters()
    } catch let error as ScriptError {
        // A routine that validates and fits may still be refused a length, but only with a message.
        _ = error.description
    } catch {
        fail("planning threw something other than ScriptError: \(error)")
    }
    return 0
}

private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fail(message()) }
}

private func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("RoutineFuzzer: \(message)\n".utf8))
    abort()
}
