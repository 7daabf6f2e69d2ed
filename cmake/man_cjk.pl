# cmake/man_cjk.pl - prepares a man page written in Chinese for groff, which
# breaks lines only at spaces: a \: (a break point of no width) between two
# Chinese characters, though never before a closing mark such as "，" or "）";
# two source lines of Chinese joined without the space a line end would give
# (\c); and lines set flush left (.ad l), since a line without spaces cannot be
# justified. The build runs it on man/zh_CN/ipcviz.1:
#   perl -CSD -0777 -p cmake/man_cjk.pl < PAGE > OUT
use utf8;
my $ends = qr/[\p{sc=Han}，。：；、）”！？—]/;    # may end a line
my $starts = qr/[\p{sc=Han}（“]/;                 # may start one
my $chinese = qr/[\p{sc=Han}（“，。：；、）”！？—]/;
# Break points, on every line but comments.
s/^(?!\.\\")(.*)$/ my $l = $1; $l =~ s{($ends)(?=$starts)}{$1\\:}g; $l /gme;
# A text line (not a request) ending in Chinese, followed by one starting so.
s/^([^.\n][^\n]*$chinese)\n(?=$chinese)/$1\\:\\c\n/gm;
s/^(\.TH [^\n]*\n)/$1.ad l\n/m;
