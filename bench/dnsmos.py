"""Prints the DNSMOS P.808 and P.835 overall scores of a WAV file: `dnsmos.py FILE` -> `4.10 3.30`.

Runs in the virtual environment bench/install-deps makes (speechmos, which ships the DNSMOS ONNX models,
with librosa and onnxruntime). DNSMOS hears 16 kHz mono; the file is mixed down and resampled first.
"""

import sys

import librosa
import numpy as np
import soundfile
from speechmos import dnsmos


def main():
    samples, rate = soundfile.read(sys.argv[1], dtype="float32", always_2d=True)
    mono = samples.mean(axis=1)
    speech = np.clip(librosa.resample(mono, orig_sr=rate, target_sr=16000), -1, 1)
    scores = dnsmos.run(speech, sr=16000)
    print(f"{scores['p808_mos']:.3f} {scores['ovrl_mos']:.3f}")


if __name__ == "__main__":
    main()
