/*
 * Releasing a judging run's hand-over (judgement.h).
 */
#include <stdlib.h>
#include <string.h>
#include "analyzer/model/judgement.h"

void functions_free(struct kp_function *fns, int n)
{
	for (int i = 0; i < n; i++) {
		free(fns[i].file);
		free(fns[i].name);
		free(fns[i].object);
		free(fns[i].via);
	}
	free(fns);
}

void judgement_free(struct kp_judgement *j)
{
	functions_free(j->functions, j->nfunctions);
	overlay_free(&j->files);
	for (int i = 0; i < j->nfixes; i++)
		free(j->fixes[i].subject);
	free(j->fixes);
	memset(j, 0, sizeof(*j));
}
