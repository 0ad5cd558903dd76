// The header only: SherpaOnnx.swift opens the library itself (dlopen) when a neural voice first speaks.
#include <sherpa-onnx/c-api/c-api.h>
