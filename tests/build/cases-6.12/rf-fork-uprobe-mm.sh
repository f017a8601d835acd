kp_case rf-fork-uprobe-mm rf_fork_uprobe_mm 'patched rf_fork_uprobe_mm && sh -c true'
