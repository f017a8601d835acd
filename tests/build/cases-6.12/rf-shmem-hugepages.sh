kp_case rf-shmem-hugepages rf_shmem_hugepages 'patched rf_shmem_hugepages && grep -q ShmemHugePages /proc/meminfo'
