# The dashboard on any Docker host, CPU-only torch (a GPU host can swap in the CUDA wheels).
#   docker build -t dlcc . && docker run -p 8501:8501 -v dlcc-data:/data dlcc
# Several replicas behind a load balancer with sticky sessions, sharing prepared checkpoints: deploy/compose.yaml.
FROM python:3.11-slim
WORKDIR /app
ENV PIP_NO_CACHE_DIR=1 PYTHONUNBUFFERED=1 DLCC_DATA_DIR=/data \
    STREAMLIT_SERVER_HEADLESS=true STREAMLIT_SERVER_FILE_WATCHER_TYPE=none STREAMLIT_BROWSER_GATHER_USAGE_STATS=false
COPY requirements.txt deploy/requirements-cpu.txt ./
# CPU wheels of the same torch/torchvision versions first; the pinned rest then finds them already satisfied.
RUN pip install -r requirements-cpu.txt
COPY . .
RUN mkdir -p /data && useradd --create-home app && chown -R app /data
USER app
VOLUME /data
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"
CMD ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0", "--server.fileWatcherType=none"]
