#!/bin/sh
# Before `npm run bench`: native Tesseract, the baseline, from Debian's packages when it is missing.
# Without root or apt-get the bench runs anyway and says that native Tesseract was skipped.
if command -v tesseract >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "bench: installing native tesseract (tesseract-ocr) with apt-get" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr >/dev/null) ||
    echo "bench: apt-get could not install tesseract-ocr; native Tesseract will be skipped" >&2
else
  echo "bench: native tesseract is missing and cannot be installed here (needs root and apt-get); it will be skipped" >&2
fi
exit 0
