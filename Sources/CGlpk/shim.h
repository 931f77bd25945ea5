#ifndef BRUKERPLAN_CGLPK_SHIM_H
#define BRUKERPLAN_CGLPK_SHIM_H

// GLPK (Debian libglpk-dev), the integer-programming solver of the disclosure audit.
#include <glpk.h>

// One integer program solved quietly: presolve on (it needs no starting LP), no terminal
// output, GLPK's defaults otherwise (deterministic for the same problem). Returns the
// glp_intopt code; the caller reads glp_mip_status and glp_mip_obj_val.
static inline int cg_solve_quiet(glp_prob *problem) {
  glp_iocp parameters;
  glp_init_iocp(&parameters);
  parameters.presolve = GLP_ON;
  parameters.msg_lev = GLP_MSG_OFF;
  return glp_intopt(problem, &parameters);
}

#endif
