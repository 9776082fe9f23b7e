#!/bin/bash
# The report's dropout search as a Slurm job array: array task I runs part I of 8 of the sweep on one GPU.
# From the project root, on a file system every node sees:
#   mkdir -p out/sweep-dropout
#   jobid=$(sbatch --parsable docs/sweeps/slurm-array.sh)
#   sbatch --dependency=afterok:"$jobid" --output=out/sweep-dropout/merge.log \
#     --wrap 'scripts/sandwich sweep --merge out/sweep-dropout/part-* --out out/sweep-dropout/merged'
# A preempted or failed task can be submitted again (sbatch --array=I ...): --resume keeps its finished runs and
# continues the unfinished one from its last checkpoint. scripts/slurm-sweep writes and submits all of this itself.
#SBATCH --job-name=sandwich-sweep
#SBATCH --array=1-8
#SBATCH --gres=gpu:1
#SBATCH --cpus-per-task=4
#SBATCH --mem=16G
#SBATCH --time=04:00:00
#SBATCH --output=out/sweep-dropout/slurm-%A_%a.log
#SBATCH --open-mode=append
#SBATCH --requeue
#SBATCH --signal=B:TERM@120
set -euo pipefail
exec scripts/sandwich sweep --model app2l1 --data ../shared/data/seed \
  --grid dropout1=0,0.05,0.1,0.2,0.3,0.5 --grid dropout2=0,0.05,0.1,0.2,0.3,0.5 \
  --seeds 3 --epochs 200 --patience 20 --device gpu --checkpoint-every 1 \
  --shard "${SLURM_ARRAY_TASK_ID}/8" --out "out/sweep-dropout/part-${SLURM_ARRAY_TASK_ID}" --resume --quiet
