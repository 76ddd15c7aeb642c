#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include "temporal_compression.h"
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e3+t.tv_nsec*1e-6;}
int main(int c, char**v){
  TCConfig cfg; memset(&cfg,0,sizeof cfg); tc_config_reset(&cfg);
  cfg.width=atoi(v[1]); cfg.height=atoi(v[2]); cfg.fps=25; cfg.enable_hardware_accel=0;
  tc_config_set(&cfg,"preset","ultrafast"); tc_config_set(&cfg,"bframes","3"); tc_config_set(&cfg,"threads","2"); tc_config_set(&cfg,"frame-threads","2"); tc_config_set(&cfg,"qp","32");
  for(int i=0;i<(c>3?atoi(v[3]):5);i++){ double t=now(); TCContext*x=tc_init(&cfg); double t1=now(); tc_destroy(x); double t2=now(); printf("init %.2f ms destroy %.2f ms\n",t1-t,t2-t1);}
}
