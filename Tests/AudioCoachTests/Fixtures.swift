import Foundation
import TestSupport
import XCTest

/// What the command-line tests share beside `Program` (the built `audiocoach`, run as a user runs it): scratch folders.
enum Fixtures {
    /// A new folder under this test run's scratch folder, which is removed when the run ends.
    static func temporaryFolder() -> URL { Scratch.newFolder() }
}
