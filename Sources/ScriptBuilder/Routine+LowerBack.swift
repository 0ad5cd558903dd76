extension Routine {
    /// Gentle stretches for a sore lower back, from seeds 000 (the exercises), 001 (the knee-drop twist)
    /// and 003 (warm-up, hold times and repetitions by level, safety advice).
    public static let lowerBack = Routine(
        name: "lower-back",
        title: "Lower-back stretch",
        description: "Gentle floor stretches to ease a stiff or sore lower back.",
        breath: BreathPattern(inhaleSeconds: 4, exhaleSeconds: 6),
        steps: [
            .say("Welcome. This is a gentle stretching session for your lower back. You will need a mat or a soft spot on the floor."),
            .say("""
                A few words before we begin. Every stretch should feel easy and free of pain. \
                If something hurts, ease off or stop. Move slowly, and never bounce. \
                Keep breathing the whole time, and never hold your breath. \
                If you have a back injury, check with your doctor before doing these stretches.
                """),
            Step(.timed(Timed(
                name: "Warm-up: march in place",
                setup: "Stand tall and march gently on the spot, to warm up your back and hips.",
                seconds: LevelValue(45),
                maximumSeconds: LevelValue(300),
                cues: [
                    "Lift your knees a little higher.",
                    "Let your arms swing easily.",
                    "Breathe in through your nose, and out through your mouth.",
                    "Keep an easy, steady pace.",
                ],
                countdown: true
            ))),
            Step(.flow(Flow(
                name: "Cat-Cow",
                setup: """
                    Come onto your hands and knees, wrists under your shoulders and knees under your hips. \
                    As you breathe in, arch your back, let your belly sink, and look up. \
                    As you breathe out, round your spine and tuck your chin.
                    """,
                inhale: "Belly down, look up.",
                exhale: "Round your spine, chin in.",
                rounds: LevelValue(beginner: 3, intermediate: 4, advanced: 5)
            ))),
            Step(.hold(Hold(
                name: "Child's Pose",
                setup: "Kneel with your knees wide and big toes touching. Sit back toward your heels, reach your arms forward, and rest your forehead down.",
                seconds: LevelValue(beginner: 5, intermediate: 20, advanced: 60),
                release: "And slowly come back up.",
                cues: ["Breathe into your back."]
            ))),
            Step(.hold(Hold(
                name: "Knee to Chest",
                setup: "Lie on your back with your knees bent and feet flat. Bring your {side} knee toward your chest and hold it behind the thigh.",
                seconds: LevelValue(beginner: 5, intermediate: 20, advanced: 60),
                sides: true,
                release: "And lower the leg.",
                cues: ["Keep the other leg relaxed."]
            )), optional: true),
            Step(.hold(Hold(
                name: "Seated Forward Bend",
                setup: "Sit with your legs long in front of you. Breathe in and sit tall. As you breathe out, hinge at your hips and reach toward your feet.",
                seconds: LevelValue(beginner: 5, intermediate: 20, advanced: 60),
                release: "And roll slowly back up."
            )), optional: true),
            Step(.hold(Hold(
                name: "Knee-Drop Twist",
                setup: "Lie on your back, arms out wide, knees bent. Let both knees drop gently to the {side}, and turn your head the other way. Keep your shoulders on the floor.",
                seconds: LevelValue(beginner: 5, intermediate: 20, advanced: 60),
                sides: true,
                release: "And bring your knees back to the middle."
            )), optional: true),
        ]
    )
}
