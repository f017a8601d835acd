kp_case rf-tcp-mptcp-syn rf_tcp_mptcp_syn 'patched rf_tcp_mptcp_syn && true'
