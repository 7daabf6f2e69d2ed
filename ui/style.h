/* style.h - the styles the screen's text is drawn in, by what they mean (a
 * process BLOCKED, a value lost, the kernel's evidence), not by colour. words.c
 * says which style its words take, without curses; draw.c turns each into
 * attributes, with colour or without. */
#ifndef IPCVIZ_UI_STYLE_H
#define IPCVIZ_UI_STYLE_H

enum style {
	STYLE_NORMAL, STYLE_BOLD, STYLE_HEADER, STYLE_BLOCKED, STYLE_BLOCKED_TEXT,
	STYLE_RUNNING, STYLE_DONE, STYLE_KILLED, STYLE_ITEM, STYLE_LOST, STYLE_FLASH,
	STYLE_PROC, STYLE_NOTE, STYLE_KEY, STYLE_FULL, STYLE_GOOD
};

#endif
