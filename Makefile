# brukerplan: make run · make test · make bench · make install
SWIFT   ?= swift
PREFIX  ?= /usr/local
SYSCONFDIR ?= /etc
STORE   ?= fjordvik
SCRATCH := scratch
FUZZ_SECONDS ?= 300
BIN_DEBUG   = .build/debug/brukerplan-tui
BIN_RELEASE = .build/release/brukerplan-tui

.PHONY: all setup build run test bench soak install format clean

all: build

# Installs the system packages the build and the terminal tests need, only where missing.
setup:
	@missing=""; \
	dpkg -s libncurses-dev >/dev/null 2>&1 || missing="$$missing libncurses-dev"; \
	dpkg -s libglpk-dev >/dev/null 2>&1 || missing="$$missing libglpk-dev"; \
	command -v tmux >/dev/null 2>&1 || missing="$$missing tmux"; \
	command -v useradd >/dev/null 2>&1 || missing="$$missing passwd"; \
	{ command -v runuser && command -v setpriv; } >/dev/null 2>&1 || missing="$$missing util-linux"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi

build: setup
	$(SWIFT) build

# Opens the terminal UI on a scratch copy of the samples, so the committed ones stay pristine.
run: build
	@rm -rf $(SCRATCH) && mkdir -p $(SCRATCH) && cp -R SampleSurveys/. $(SCRATCH)/
	@chmod -R go-rwx $(SCRATCH)
	$(BIN_DEBUG) tui --store $(SCRATCH)/$(STORE)

test: setup
	$(SWIFT) build
	$(SWIFT) test

# Timings on generated stores of 1,000, 10,000 and 100,000 persons (kept in .build-benchdata/,
# or the folder in BRUKERPLAN_BENCH_DATA); the table is also saved there as last-run.md. See BENCHMARKS.md.
bench: setup
	$(SWIFT) build -c release --product brukerplan-tui
	$(SWIFT) build -c release --product brukerplan-bench
	.build/release/brukerplan-bench
	.build/release/brukerplan-bench server 10000
	.build/release/brukerplan-bench audit

soak: setup
	$(SWIFT) build
	BRUKERPLAN_SOAK=1 $(SWIFT) test
	Tests/Fuzz/run.sh $(FUZZ_SECONDS)

# The program, and for `serve`: a systemd unit, the service account (sysusers.d), the store's and
# the socket's folders (tmpfiles.d) and BRUKERPLAN_SERVER for login shells (profile.d).
install: setup
	$(SWIFT) build -c release --product brukerplan-tui
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BIN_RELEASE) $(DESTDIR)$(PREFIX)/bin/brukerplan-tui
	install -d $(DESTDIR)$(SYSCONFDIR)/systemd/system $(DESTDIR)$(SYSCONFDIR)/sysusers.d \
	  $(DESTDIR)$(SYSCONFDIR)/tmpfiles.d $(DESTDIR)$(SYSCONFDIR)/profile.d
	sed 's|@BINDIR@|$(PREFIX)/bin|g' dist/brukerplan.service > $(DESTDIR)$(SYSCONFDIR)/systemd/system/brukerplan.service
	chmod 644 $(DESTDIR)$(SYSCONFDIR)/systemd/system/brukerplan.service
	install -m 644 dist/brukerplan.sysusers $(DESTDIR)$(SYSCONFDIR)/sysusers.d/brukerplan.conf
	install -m 644 dist/brukerplan.tmpfiles $(DESTDIR)$(SYSCONFDIR)/tmpfiles.d/brukerplan.conf
	install -m 644 dist/brukerplan-profile.sh $(DESTDIR)$(SYSCONFDIR)/profile.d/brukerplan.sh
	@echo "To serve a store: systemd-sysusers && systemd-tmpfiles --create && systemctl daemon-reload && systemctl enable --now brukerplan (README: A whole municipality)"

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

clean:
	rm -rf .build $(SCRATCH)
