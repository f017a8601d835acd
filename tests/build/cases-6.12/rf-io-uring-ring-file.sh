kp_case rf-io-uring-ring-file rf_io_uring_ring_file 'patched rf_io_uring_ring_file && true'
