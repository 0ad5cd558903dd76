#!/usr/bin/env bash
# The session as a user would assemble it by hand, for `make bench` to race against: read the timed
# script from `audiocoach preview --format json`, say each speech cue with one `espeak-ng -w`, fit it to
# its cue with sox (pad, then trim), make the tones and the silence with `sox synth`, and join the
# pieces with sox. Every piece is cut to the exact frames its cue spans, so the result is exactly as
# long as audiocoach's render.
#
# Usage: bench/peer.sh SCRIPT.json OUT.wav [VOICE [WORDS_PER_MINUTE [SAMPLE_RATE [CHANNELS]]]]
#        defaults: en-us, 140, 22050, 1
set -euo pipefail

script=$1
out=$2
voice=${3:-en-us}
wpm=${4:-140}
rate=${5:-22050}
channels=${6:-1}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One line per cue: its first frame, the next cue's first frame (the end of the session for the
# last), kind, and the text or the tone's name. Cue times are rounded to the millisecond, so a cue
# ends where the next one starts, not at start + duration.
jq -r --argjson rate "$rate" '
  [.cues[].start, .duration] as $bounds
  | range(0; .cues | length) as $i
  | .cues[$i]
  | [($bounds[$i] * $rate | round), ($bounds[$i + 1] * $rate | round), .kind, (.text // .tone // "")]
  | @tsv' "$script" > "$work/cues.tsv"

piece=0
while IFS=$'\t' read -r from to kind what; do
  frames=$((to - from))
  file=$(printf '%s/piece-%06d.wav' "$work" "$piece")
  piece=$((piece + 1))
  case $kind in
    speech)
      espeak-ng -v "$voice" -s "$wpm" -w "$work/said.wav" "$what"
      sox -V1 "$work/said.wav" -b 16 "$file" rate "$rate" channels "$channels" vol 0.7 pad 0 "${frames}s" trim 0 "${frames}s"
      ;;
    tone)
      case $what in
        bell) frequency=432 ;;
        *) frequency=784 ;;
      esac
      sox -r "$rate" -c "$channels" -n -b 16 "$file" synth "${frames}s" sine "$frequency" vol 0.3 fade q 0.01 "${frames}s" 0.3
      ;;
    *)
      sox -r "$rate" -c "$channels" -n -b 16 "$file" trim 0 "${frames}s"
      ;;
  esac
done < "$work/cues.tsv"

# sox keeps every input open while it joins, so join at most 500 pieces at a time (under the usual
# limit of 1024 open files), then join those.
find "$work" -name 'piece-*.wav' | sort | split -l 500 - "$work/group-"
for group in "$work"/group-*; do
  mapfile -t pieces < "$group"
  sox "${pieces[@]}" "$group.wav"
done
sox "$work"/group-*.wav -b 16 "$out"
