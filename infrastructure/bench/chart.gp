# Draws target/bench/throughput.png from the rotation phase's per-second timeline, for run.sh:
#   gnuplot -e "dir='<raw dir>'; out='<png>'; period=<refresh ms>; title='<subtitle>'" chart.gp
# Three panels over the same time axis, rotations marked in all three: throughput (and failed
# requests, if any), latency p50/p99, and each rotation's propagation time against the target.
# With toff=<s> (-e "...; toff=<s>"), the on-demand series (timeline-trigger.tsv, rotations-trigger.tsv)
# follows on the same axis, its load having started toff s after the first one's; the propagation
# panel is then logarithmic, to show both targets (period + 100 ms, and 50 ms).
# pngcairo comes with Debian's gnuplot-nox; no X server is needed.

timeline = dir.'/timeline.tsv'
marks = dir.'/rotations.tsv'

set terminal pngcairo size 1200,900 font 'DejaVu Sans,10' noenhanced
set output out
set datafile separator "\t"
set datafile commentschars '#'
set grid ytics lc rgb '#dddddd'
set border 3
set tics nomirror
set key top left horizontal opaque

max(a, b) = a > b ? a : b
stats timeline using 1:2 nooutput
tmax = STATS_max_x + 1
rpsmax = STATS_max_y * 1.15
stats timeline using 4 nooutput
latmax = STATS_max * 2
stats timeline using 5 nooutput
failmax = STATS_max
stats marks using 2 nooutput
propmax = max(STATS_max, period + 100) * 1.2
# The on-demand series: extra plot clauses, empty without it.
od = exists("toff")
od_rps = '' ; od_fail = '' ; od_lat = '' ; od_prop = ''
if (od) {
  timeline2 = dir.'/timeline-trigger.tsv'
  marks2 = dir.'/rotations-trigger.tsv'
  stats timeline2 using 1:2 nooutput
  tmax = max(tmax, toff + STATS_max_x + 1)
  rpsmax = max(rpsmax, STATS_max_y * 1.15)
  stats timeline2 using 4 nooutput
  latmax = max(latmax, STATS_max * 2)
  stats timeline2 using 5 nooutput
  failmax = max(failmax, STATS_max)
  stats marks2 using 2 nooutput
  propmax = max(propmax, STATS_max * 1.2)
  od_rps = ", marks2 using ($1+toff):(rpsmax) with impulses lc rgb '#f5b971' dt 2 title 'rotation written, then POST /admin/secrets/refresh', ".\
    "timeline2 using ($1+toff+0.5):2 with linespoints pt 7 ps 0.4 lw 2 lc rgb '#1f77b4' notitle"
  od_fail = ", timeline2 using ($1+toff+0.5):5 axes x1y2 with impulses lw 4 lc rgb '#cc0000' notitle"
  od_lat = ", marks2 using ($1+toff):(latmax) with impulses lc rgb '#f5b971' dt 2 notitle, ".\
    "timeline2 using ($1+toff+0.5):3 with linespoints pt 7 ps 0.4 lw 2 lc rgb '#2ca02c' notitle, ".\
    "timeline2 using ($1+toff+0.5):4 with linespoints pt 7 ps 0.4 lw 2 lc rgb '#d62728' notitle"
  od_prop = ", marks2 using ($1+toff):(propmax) with impulses lc rgb '#f5b971' dt 2 notitle, ".\
    "50 with lines lc rgb '#ff7f0e' dt 3 lw 1.5 title 'target p99 on demand: 50 ms', ".\
    "marks2 using ($1+toff):2 with points pt 9 ps 1.2 lc rgb '#ff7f0e' title 'with POST /admin/secrets/refresh'"
}

set xrange [0:tmax]
set multiplot layout 3,1 title 'Rotation under load: '.title

set ylabel 'requests/s'
set yrange [0:rpsmax]
set format y '%.0f'
unset xlabel
set format x ''
if (failmax > 0) {
  set y2label 'failed requests/s' tc rgb '#cc0000'
  set y2range [0:*]
  set y2tics nomirror tc rgb '#cc0000'
  plot marks using 1:(rpsmax) with impulses lc rgb '#bbbbbb' dt 2 title 'rotation written', \
       timeline using ($1+0.5):2 with linespoints pt 7 ps 0.4 lw 2 lc rgb '#1f77b4' title 'requests/s (200)', \
       timeline using ($1+0.5):5 axes x1y2 with impulses lw 4 lc rgb '#cc0000' title 'failed' @od_rps @od_fail
} else {
  plot marks using 1:(rpsmax) with impulses lc rgb '#bbbbbb' dt 2 title 'rotation written', \
       timeline using ($1+0.5):2 with linespoints pt 7 ps 0.4 lw 2 lc rgb '#1f77b4' title 'requests/s (200); failed: none' @od_rps
}
unset y2label
unset y2tics

set ylabel 'latency (ms, log)'
set logscale y
set yrange [0.1:latmax]
set format y '%g'
plot marks using 1:(latmax) with impulses lc rgb '#bbbbbb' dt 2 notitle, \
     timeline using ($1+0.5):3 with linespoints pt 7 ps 0.4 lw 2 lc rgb '#2ca02c' title 'p50 per second', \
     timeline using ($1+0.5):4 with linespoints pt 7 ps 0.4 lw 2 lc rgb '#d62728' title 'p99 per second' @od_lat
unset logscale y

set ylabel 'propagation (ms)'
set xlabel 'seconds since the load started'
set format x '%g'
if (od) {
  set ylabel 'propagation (ms, log)'
  set key bottom left horizontal opaque # below 10 ms: nothing to hide there
  set logscale y
  set yrange [1:propmax]
  set format y '%g'
} else {
  set yrange [0:propmax]
  set format y '%.0f'
}
plot marks using 1:(propmax) with impulses lc rgb '#bbbbbb' dt 2 notitle, \
     (period + 100) with lines lc rgb '#cc0000' dt 3 lw 1.5 title 'target p99: period + 100 ms', \
     marks using 1:2 with points pt 7 ps 1 lc rgb '#9467bd' title 'write in Vault -> every instance accepts the new key' @od_prop
unset multiplot
