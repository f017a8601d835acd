# kpcheck triage: a folder of good and bad patches, exit codes, JSON
# parsed back (patch tier: a second or two).
triage-test: all
	@sh tests/triage/run.sh $(O)

CHECK_TARGETS += triage-test
.PHONY: triage-test
