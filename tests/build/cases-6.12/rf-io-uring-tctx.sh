kp_case rf-io-uring-tctx rf_io_uring_tctx 'patched rf_io_uring_tctx && true'
