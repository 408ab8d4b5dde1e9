#!/bin/bash
cd /work/main
flags=$(sed 's/[[:space:]]*$//' tools/target/zom.jvmopts)
for pair in 1 2; do
  for ms in 1000 3600000; do
    for mode in pull-only acked-only; do
      echo "== pair $pair writer.sync.ms=$ms $mode"
      java $flags -Xms2g -Xmx2g -XX:+AlwaysPreTouch -Dzom.broker.writer.sync.ms=$ms -cp bench/target/benchmarks.jar dev.zom.bench.LoadGenerator 1000000 4 8 256 /tmp/x/about $mode 2>&1 | grep -E "zom (pull|acked)"
    done
  done
done
