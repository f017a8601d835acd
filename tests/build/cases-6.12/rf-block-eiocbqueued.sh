kp_case rf-block-eiocbqueued rf_block_eiocbqueued 'patched rf_block_eiocbqueued && true'
