import Foundation
import TestSupport
import XCTest

/// The program as a newcomer or an attacker meets it, run as built: every input and fault gets one clear
/// line and an exit code, never a crash, and no file of the user's is lost or left half-written.
final class RobustnessTests: XCTestCase {
    // MARK: - Streams

    /// With stderr full or closed, the program still exits with its code; nothing traps.
    func testAnUnwritableStderrStillGivesTheExitCode() throws {
        let folder = Fixtures.temporaryFolder()
        try Data("title: X\nsteps: [{rest: -5}]\n".utf8).write(to: folder.appendingPathComponent("bad.yaml"))
        for redirect in ["2>/dev/full", "2>&-"] {
            XCTAssertEqual(try Program.shell("\"$AC\" preview nosuch \(redirect)", in: folder).status, 64, redirect)
            XCTAssertEqual(try Program.shell("\"$AC\" validate bad.yaml \(redirect)", in: folder).status, 65, redirect)
            XCTAssertEqual(try Program.shell("\"$AC\" render --minuts 5 \(redirect)", in: folder).status, 64, redirect)
        }
    }

    /// What is printed on stdout is checked: a full disk or a closed stdout exits 74 with the reason.
    func testAFailedWriteToStdoutExits74() throws {
        let full = try Program.shell("\"$AC\" preview --minutes 10 > /dev/full")
        XCTAssertEqual(full.status, 74, full.stderr)
        XCTAssertEqual(full.stderr, "audiocoach: error: cannot write to standard output: \(String(cString: strerror(ENOSPC)))\n")
        for command in ["--help", "--version", "help render"] {
            XCTAssertEqual(try Program.shell("\"$AC\" \(command) > /dev/full").status, 74, command)
        }
        let closed = try Program.shell("\"$AC\" routines >&-")
        XCTAssertEqual(closed.status, 74, closed.stderr)
        XCTAssertTrue(closed.stderr.hasPrefix("audiocoach: error: cannot write to standard output: "), closed.stderr)
    }

    /// `-o -` sends a WAV down stdout whose header gives its exact length, and says what it wrote on stderr.
    func testTheSessionGoesToStdoutWithAnExactHeader() throws {
        let folder = Fixtures.temporaryFolder()
        let run = try Program.shell("\"$AC\" render desk-break --minutes 5 -o - -q | cat > piped.wav", in: folder)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.hasPrefix("Wrote the session to stdout: 5:00.000"), run.stderr)
        let bytes = try Data(contentsOf: folder.appendingPathComponent("piped.wav"))
        XCTAssertEqual(String(decoding: bytes.prefix(4), as: UTF8.self), "RIFF")
        XCTAssertEqual(Int(littleEndian32(bytes, at: 4)), bytes.count - 8, "RIFF size")
        // The chunks after the header fill the file exactly, and the sound is exactly five minutes.
        var offset = 12
        var dataBytes: Int?
        while offset + 8 <= bytes.count {
            let size = Int(littleEndian32(bytes, at: offset + 4))
            if String(decoding: bytes[(bytes.startIndex + offset)..<(bytes.startIndex + offset + 4)], as: UTF8.self) == "data" { dataBytes = size }
            offset += 8 + size + size % 2
        }
        XCTAssertEqual(offset, bytes.count, "chunk sizes")
        XCTAssertEqual(dataBytes, 300 * 44100 * 2, "5 minutes of 16-bit mono at 44.1 kHz")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["piped.wav"])
        // A player that stops reading early: exit 74, and nothing left in the temporary folder.
        let temporary = Fixtures.temporaryFolder()
        let stopped = try Program.shell("(\"$AC\" render desk-break --minutes 5 -o - -q; echo \"status $?\" >&2) | head -c 1000 > /dev/null",
                                in: folder, environment: ["TMPDIR": temporary.path])
        XCTAssertTrue(stopped.stderr.hasSuffix("cannot write to standard output: \(String(cString: strerror(EPIPE)))\nstatus 74\n"), stopped.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: temporary.path), [])
    }

    // MARK: - Outputs and inputs

    /// No output may be the routine file, however it is named: by its own path, or a hard link to it.
    func testAnOutputNamingTheRoutineIsRefused() throws {
        let folder = try folderWithRoutine()
        let routine = folder.appendingPathComponent("evening.yaml")
        let before = try Data(contentsOf: routine)
        try FileManager.default.linkItem(at: routine, to: folder.appendingPathComponent("linked.txt"))
        for (option, path) in [("--chapters", "evening.yaml"), ("--chapters", "./linked.txt"), ("--chapters", "../\(folder.lastPathComponent)/evening.yaml")] {
            let run = try Program.shell("\"$AC\" render evening.yaml --minutes 20 -o out.wav \(option) \(path)", in: folder)
            XCTAssertEqual(run.status, 64, run.stderr)
            XCTAssertTrue(run.stderr.contains("is the routine file being rendered"), run.stderr)
            XCTAssertEqual(try Data(contentsOf: routine), before)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.wav").path))
        // Our voice files are inputs too.
        let voices = Fixtures.temporaryFolder()
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../voices")
        try FileManager.default.copyItem(at: checkout.appendingPathComponent("calm"), to: voices.appendingPathComponent("calm"))
        let voice = try Program.shell("\"$AC\" render desk-break --minutes 5 -o out.wav --chapters \"\(voices.path)/calm\"", in: folder,
                              environment: ["AUDIOCOACH_VOICES": voices.path])
        XCTAssertEqual(voice.status, 64, voice.stderr)
        XCTAssertTrue(voice.stderr.contains("is the voice file 'calm'"), voice.stderr)
    }

    /// Two outputs that are one file by another path (`c.vtt` and `here/c.vtt` with `here -> .`) are refused
    /// before anything is written, and the earlier session stays.
    func testTwoOutputsThatAreOneFileAreRefused() throws {
        let folder = Fixtures.temporaryFolder()
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("here").path, withDestinationPath: ".")
        try Data("earlier".utf8).write(to: folder.appendingPathComponent("s.wav"))
        let run = try Program.shell("\"$AC\" render desk-break --minutes 5 -o s.wav --subtitles c.vtt --chapters here/c.vtt -q", in: folder)
        XCTAssertEqual(run.status, 64, run.stderr)
        XCTAssertEqual(run.stderr, "audiocoach: error: --subtitles 'c.vtt' and --chapters 'here/c.vtt' are the same file; give each its own name\n")
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("s.wav"), encoding: .utf8), "earlier")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["here", "s.wav"])
    }

    /// A render killed outright leaves its hidden partial file; the next render into the folder removes it.
    func testPartialFilesOfAKilledRenderAreCleanedUp() throws {
        let folder = Fixtures.temporaryFolder()
        let process = try Program.start(["render", "--minutes", "60", "--level", "intermediate", "-o", "long.wav", "-q"], in: folder)
        let partial = try waitForPartial(in: folder)
        kill(process.process.processIdentifier, SIGKILL)
        process.process.waitUntilExit()
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(partial).path), "SIGKILL leaves it")
        let run = try Program.run(["render", "desk-break", "--minutes", "5", "-o", "short.wav", "-q"], in: folder)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["short.wav"])
    }

    /// Killed between moving the sound file and its captions into place, a render left the new WAV with the old
    /// captions, and the old WAV only as a hidden file the next render deleted. The next render into the folder
    /// now finishes the move: both are the killed render's, and nothing hidden is left.
    func testARenderKilledBetweenItsRenamesIsCompletedByTheNext() throws {
        let folder = Fixtures.temporaryFolder()
        let reference = Fixtures.temporaryFolder()
        let old = try Program.run(["render", "desk-break", "--minutes", "3", "--voice", "calm", "-o", "s.wav", "--subtitles", "s.vtt", "-q"], in: folder)
        XCTAssertEqual(old.status, 0, old.stderr)
        let newer = ["render", "desk-break", "--minutes", "4", "--voice", "calm", "-q"]
        let expected = try Program.run(newer + ["-o", "s.wav", "--subtitles", "s.vtt"], in: reference)
        XCTAssertEqual(expected.status, 0, expected.stderr)
        // strace kills the render as it keeps the old captions aside, just after the new WAV took the old one's place.
        let captions = folder.appendingPathComponent("s.vtt").path
        let killed = try Program.shell("strace -f -o /dev/null -P \"$1\" -e trace=link,linkat -e inject=link,linkat:signal=SIGKILL "
                                       + "\"$AC\" \(newer.joined(separator: " ")) -o s.wav --subtitles s.vtt; exit $?", arguments: [captions], in: folder)
        XCTAssertEqual(killed.status, 128 + SIGKILL, killed.stderr)
        let next = try Program.run(["render", "desk-break", "--minutes", "3", "--voice", "calm", "-o", "other.wav", "-q"], in: folder)
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["other.wav", "s.vtt", "s.wav"])
        for name in ["s.wav", "s.vtt"] {
            XCTAssertTrue(try Data(contentsOf: folder.appendingPathComponent(name)) == (try Data(contentsOf: reference.appendingPathComponent(name))),
                          "\(name) is not the killed render's")
        }
    }

    /// Ctrl-\ (SIGQUIT) removes the partial file like Ctrl-C does.
    func testSIGQUITCleansUpLikeSIGINT() throws {
        for signal in [SIGQUIT, SIGINT] {
            let folder = Fixtures.temporaryFolder()
            let process = try Program.start(["render", "--minutes", "60", "--level", "intermediate", "-o", "long.wav", "-q"], in: folder)
            _ = try waitForPartial(in: folder)
            kill(process.process.processIdentifier, signal)
            process.process.waitUntilExit()
            XCTAssertEqual(process.process.terminationStatus, 128 + signal)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "after signal \(signal)")
        }
    }

    /// A FIFO (or a device) given as the routine is refused at once instead of waiting for a writer.
    func testANonRegularRoutineFileIsRefused() throws {
        let folder = Fixtures.temporaryFolder()
        XCTAssertEqual(mkfifo(folder.appendingPathComponent("pipe.yaml").path, 0o600), 0)
        let run = try Program.shell("timeout 20 \"$AC\" validate pipe.yaml", in: folder)
        XCTAssertEqual(run.status, 66, run.stderr)
        XCTAssertEqual(run.stderr, "pipe.yaml: error: cannot read the routine file: it is a pipe (FIFO), not a file; "
                       + "save the routine to a file and give its path\n")
        let device = try Program.shell("\"$AC\" preview /dev/zero.yaml; \"$AC\" validate /dev/null/x.yaml; ln -s /dev/zero z.yaml; \"$AC\" validate z.yaml",
                               in: folder)
        XCTAssertTrue(device.stderr.contains("z.yaml: error: cannot read the routine file: it is a device, not a file"), device.stderr)
    }

    // MARK: - Voices

    /// A voice file whose language espeak-ng does not know, or that is huge, is an error, not a crash.
    func testAVoiceFileIsCheckedBeforeEspeakReadsIt() throws {
        let voices = Fixtures.temporaryFolder()
        for (name, language) in [("xx", "xx"), ("underscore", "en_us"), ("word", "english"), ("long", String(repeating: "e", count: 5000))] {
            try Data("name \(name)\nlanguage \(language)\n".utf8).write(to: voices.appendingPathComponent(name))
        }
        try Data(repeating: UInt8(ascii: "/"), count: 200_000).write(to: voices.appendingPathComponent("huge"))
        for name in ["xx", "underscore", "word", "long"] {
            let run = try Program.shell("\"$AC\" preview --voice \(name)", environment: ["AUDIOCOACH_VOICES": voices.path])
            XCTAssertEqual(run.status, 65, "\(name): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("\(name):2: error: 'language "), run.stderr)
            XCTAssertTrue(run.stderr.contains("is not a language espeak-ng knows"), run.stderr)
        }
        let huge = try Program.shell("\"$AC\" preview --voice huge", environment: ["AUDIOCOACH_VOICES": voices.path])
        XCTAssertEqual(huge.status, 65, huge.stderr)
        XCTAssertTrue(huge.stderr.contains("huge: error: is 200000 bytes; a voice file is a few short lines"), huge.stderr)
    }

    /// One bad file in a voice folder is skipped with a warning; asked for by name, it is the error.
    func testABadFileInTheVoicesFolderIsSkipped() throws {
        let voices = Fixtures.temporaryFolder()
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../voices")
        try FileManager.default.copyItem(at: checkout.appendingPathComponent("calm"), to: voices.appendingPathComponent("calm"))
        try Data("# My voices\nThese are mine.\n".utf8).write(to: voices.appendingPathComponent("README.md"))
        for voice in ["calm", "en-us"] {
            let run = try Program.shell("\"$AC\" preview --voice \(voice) --minutes 5 desk-break", environment: ["AUDIOCOACH_VOICES": voices.path])
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertEqual(run.stderr, "audiocoach: warning: skipped \(voices.path)/README.md in the voices folder: "
                           + "needs a 'language' line naming a real language, such as 'language en-us'\n")
        }
        let asked = try Program.shell("\"$AC\" preview --voice README.md", environment: ["AUDIOCOACH_VOICES": voices.path])
        XCTAssertEqual(asked.status, 65, asked.stderr)
        XCTAssertTrue(asked.stderr.contains("README.md: error: needs a 'language' line"), asked.stderr)
    }

    /// One broken file among the voices failed every command (exit 65), `--voice calm` and `voices` included; a
    /// FIFO hung them. Each is now one warning, and only asking for that voice by name fails.
    func testOneBrokenVoiceAnywhereIsOneWarning() throws {
        let voices = Fixtures.temporaryFolder()
        try Data([1, 2, 3]).write(to: voices.appendingPathComponent("lonely.onnx"))
        try Data([1, 2, 3]).write(to: voices.appendingPathComponent("garbled.onnx"))
        try Data("{not json".utf8).write(to: voices.appendingPathComponent("garbled.onnx.json"))
        XCTAssertEqual(mkfifo(voices.appendingPathComponent("pipe").path, 0o600), 0)
        let environment = ["AUDIOCOACH_VOICES": voices.path]
        for command in ["preview desk-break --minutes 3 --voice calm", "render desk-break --minutes 3 --voice calm -o s.wav --quiet", "voices"] {
            let run = try Program.shell("timeout 60 \"$AC\" \(command)", environment: environment)
            XCTAssertEqual(run.status, 0, "\(command): \(run.stderr)")
            let warnings = run.stderr.split(separator: "\n")
            XCTAssertEqual(warnings.count, 3, "\(command): \(run.stderr)")
            XCTAssertTrue(warnings.allSatisfy { $0.hasPrefix("audiocoach: warning: skipped \(voices.path)/") }, run.stderr)
            XCTAssertTrue(run.stderr.contains("lonely.onnx in the voices folder: a Piper voice needs its description beside the model"), run.stderr)
            XCTAssertTrue(run.stderr.contains("pipe in the voices folder: is not a regular file"), run.stderr)
        }
        let asked = try Program.shell("timeout 60 \"$AC\" preview --voice lonely", environment: environment)
        XCTAssertEqual(asked.status, 65, asked.stderr)
        XCTAssertTrue(asked.stderr.hasSuffix("\n\(voices.path)/lonely.onnx: error: a Piper voice needs its description beside the model, "
                                             + "lonely.onnx.json; it is missing; fix the voice file or choose another --voice\n"), asked.stderr)
    }

    /// espeak-ng 1.51 connected to PulseAudio on every run (and made `~/.config/pulse`); the program never plays
    /// sound, and now opens no audio device at all.
    func testEspeakOpensNoAudioDevice() throws {
        let home = Fixtures.temporaryFolder()
        for command in ["voices", "preview desk-break --minutes 3 --voice en-us --no-cache", "preview desk-break --minutes 3 --voice calm --no-cache"] {
            let run = try Program.shell("\"$AC\" \(command)", environment: ["HOME": home.path, "XDG_CACHE_HOME": home.path + "/cache"])
            XCTAssertEqual(run.status, 0, run.stderr)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home.path), [], "the runs made files in HOME")
    }

    /// A program copied without its voices folder says where it looked and how to point it there.
    func testMissingVoicesFolderSaysWhereItLooked() throws {
        let folder = Fixtures.temporaryFolder()
        let copy = folder.appendingPathComponent("bin/audiocoach")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Program.url, to: copy)
        let resources = Program.url.deletingLastPathComponent().appendingPathComponent("AudioCoach_ScriptBuilder.resources")
        try FileManager.default.copyItem(at: resources, to: copy.deletingLastPathComponent().appendingPathComponent(resources.lastPathComponent))
        let run = try Program.shell("env -u AUDIOCOACH_VOICES \"\(copy.path)\" preview --voice calm", in: folder)
        XCTAssertEqual(run.status, 64, run.stderr)
        XCTAssertEqual(run.stderr, "audiocoach: error: 'calm' is one of AudioCoach's own voices, but its voices folder was not found "
                       + "(looked in \(folder.path)/share/audiocoach/voices); set AUDIOCOACH_VOICES to the folder holding calm, coach, soft "
                       + "(voices/ in the source), or install with 'make install'\n")
    }

    /// An unknown voice named in a routine file is pointed at by line and column.
    func testAnUnknownRoutineVoiceHasItsLineAndColumn() throws {
        let folder = Fixtures.temporaryFolder()
        try Data("title: X\nvoice: nosuchvoice\nsteps: [{say: Hello there.}]\n".utf8).write(to: folder.appendingPathComponent("r.yaml"))
        for command in ["validate r.yaml", "preview r.yaml --minutes 2"] {
            let run = try Program.shell("\"$AC\" \(command)", in: folder)
            XCTAssertEqual(run.status, 65, run.stderr)
            XCTAssertTrue(run.stderr.hasPrefix("r.yaml:2:8: error: the routine's voice: unknown voice 'nosuchvoice'; closest: "), run.stderr)
            XCTAssertEqual(run.stderr.filter { $0 == "\n" }.count, 1, run.stderr)
        }
    }

    /// A file name or contents with newlines and escape sequences are echoed escaped: one problem, one line.
    func testControlCharactersInNamesAndFilesAreEscaped() throws {
        let folder = Fixtures.temporaryFolder()
        let name = "two\nlines\u{1B}[2J.yaml"
        try Data("title: X\n\"\\e[31mred\": 1\nsteps: [{rest: -5}]\n".utf8).write(to: folder.appendingPathComponent(name))
        let run = try Program.run(["validate", name], in: folder)
        XCTAssertEqual(run.status, 65, run.stderr)
        XCTAssertEqual(run.stderr.split(separator: "\n").map(String.init), [
            "two\\nlines\\u{1B}[2J.yaml:2:1: error: unknown key '\\u{1B}[31mred'; a routine takes 'title', 'steps', 'description', "
                + "'breath', 'minutes', 'voice', 'relaxation', 'closing'",
            "two\\nlines\\u{1B}[2J.yaml:3:16: error: steps[0].rest must be positive (got -5)",
        ])
        let missing = try Program.run(["preview", "no\u{1B}]0;title\u{07}such.yaml"], in: folder)
        XCTAssertEqual(missing.status, 66, missing.stderr)
        XCTAssertFalse(missing.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, missing.stderr)
    }

    // MARK: - The command line

    /// A misspelled option is named, with the closest; a render option given to preview says so.
    func testAMisspelledOrMisplacedOptionIsNamed() throws {
        let cases: [(arguments: String, message: String)] = [
            ("render --minuts 15", "unknown option '--minuts' for 'render'; did you mean '--minutes'?"),
            ("render --ouput x.wav", "unknown option '--ouput' for 'render'; did you mean '--output'?"),
            ("preview --fromat json", "unknown option '--fromat' for 'preview'; did you mean '--format'?"),
            ("preview --tones soft", "--tones is an option of 'render', not of 'preview': preview prints the script and makes no sound; "
                + "use it with 'audiocoach render'"),
            ("preview --sample-rate=48000", "--sample-rate is an option of 'render', not of 'preview': preview prints the script and makes "
                + "no sound; use it with 'audiocoach render'"),
            ("validate --zzzzzzzz x.yaml", "unknown option '--zzzzzzzz' for 'validate'; 'audiocoach validate --help' lists the options"),
        ]
        for (arguments, message) in cases {
            let run = try Program.shell("\"$AC\" \(arguments)")
            XCTAssertEqual(run.status, 64, arguments)
            XCTAssertEqual(run.stderr, "audiocoach: error: \(message)\n")
        }
        XCTAssertEqual(try Program.shell("\"$AC\" preview --minutes 5 desk-break -- --not-an-option.yaml").stderr.contains("unknown option"), false)
    }

    func testVersionAndHelp() throws {
        let version = try Program.shell("\"$AC\" --version")
        XCTAssertEqual(version.status, 0)
        XCTAssertEqual(version.stdout, "audiocoach 1.0\n")
        let help = try Program.shell("\"$AC\" --help")
        for word in ["render", "preview", "validate", "routines", "voices", "audiocoach help render", "--version"] {
            XCTAssertTrue(help.stdout.contains(word), word)
        }
    }

    /// The completion scripts complete routine names and files where a routine goes, and voices after --voice.
    func testCompletionsOfferRoutinesAndVoices() throws {
        let folder = try folderWithRoutine()
        let script = try Program.shell("\"$AC\" --generate-completion-script bash", in: folder)
        XCTAssertEqual(script.status, 0)
        XCTAssertTrue(script.stdout.contains("---completion"), "custom completions call the program")
        // As the bash script calls it: which argument, the word's index and the cursor's, then the words.
        let routines = try Program.shell("\"$AC\" ---completion render -- positional@0 2 2 audiocoach render ev", in: folder)
        XCTAssertEqual(routines.stdout.split(separator: "\n"), ["evening.yaml"], routines.stderr)
        let builtins = try Program.shell("\"$AC\" ---completion preview -- positional@0 2 1 audiocoach preview d", in: folder)
        XCTAssertEqual(builtins.stdout.split(separator: "\n"), ["desk-break", "docs/"], builtins.stderr)
        let voices = try Program.shell("\"$AC\" ---completion render -- --voice 3 1 audiocoach render --voice c", in: folder)
        XCTAssertEqual(voices.stdout.split(separator: "\n").prefix(2), ["calm", "coach"], voices.stderr)
    }

    // MARK: - Helpers

    /// A scratch folder holding `evening.yaml` (the documented example) and a `docs` folder.
    private func folderWithRoutine() throws -> URL {
        let folder = Fixtures.temporaryFolder()
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/examples/evening-unwind.yaml")
        try FileManager.default.copyItem(at: example, to: folder.appendingPathComponent("evening.yaml"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("docs"), withIntermediateDirectories: true)
        return folder
    }

    /// The name of the partial file a render is writing in `folder`, once it appears.
    private func waitForPartial(in folder: URL) throws -> String {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let name = try FileManager.default.contentsOfDirectory(atPath: folder.path).first(where: { $0.hasSuffix(".partial") }) {
                return name
            }
            usleep(20_000)
        }
        throw XCTSkip("the render wrote no partial file within a minute")
    }

    private func littleEndian32(_ bytes: Data, at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[bytes.startIndex + offset + $1]) << (8 * $1) }
    }
}
