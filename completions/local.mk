# SPDX-License-Identifier: GPL-2.0-or-later
# completions/local.mk - one bash completion file, installed under the name
# of each command (bash-completion loads a completion by command name),
# under the prefix unless configure was told otherwise (configure.ac).
EXTRA_DIST += completions/forkscope.bash
COMPLETED_COMMANDS = pforest procsnap reapcheck forkwatch forktop

install-data-local: install-completions
uninstall-local: uninstall-completions

install-completions:
	$(MKDIR_P) '$(DESTDIR)$(BASH_COMPLETION_DIR)'
	for c in $(COMPLETED_COMMANDS); do \
		$(INSTALL_DATA) '$(srcdir)/completions/forkscope.bash' \
			"$(DESTDIR)$(BASH_COMPLETION_DIR)/$$c" || exit 1; \
	done

uninstall-completions:
	for c in $(COMPLETED_COMMANDS); do \
		rm -f "$(DESTDIR)$(BASH_COMPLETION_DIR)/$$c"; \
	done

.PHONY: install-completions uninstall-completions
