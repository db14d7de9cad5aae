{{- define "latticedns.pod" -}}
serviceAccountName: {{ .Values.serviceAccount.name }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets: {{- toYaml . | nindent 2 }}
{{- end }}
securityContext: {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity: {{- toYaml . | nindent 2 }}
{{- end }}
containers:
  - name: latticedns
    image: "{{ required "set image.repository (and image.tag) to where you pushed the image built from packaging/Dockerfile" .Values.image.repository }}:{{ required "set image.tag" .Values.image.tag }}"
    imagePullPolicy: {{ .Values.image.pullPolicy }}
    args:
      {{- if eq (include "latticedns.mode" .) "cronjob" }}
      - --once
      {{- else }}
      - --metrics-address
      - {{ printf ":%v" .Values.metrics.port | quote }}
      {{- end }}
      - -c
      - /etc/latticedns/latticedns.yaml
      - --log-format
      - json
      {{- range .Values.extraArgs }}
      - {{ . | quote }}
      {{- end }}
    {{- with .Values.env }}
    env: {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- if eq (include "latticedns.mode" .) "controller" }}
    ports:
      - { name: metrics, containerPort: {{ .Values.metrics.port }} }
    # /healthz fails only when the loop stalls (no cycle started for 2 intervals + metrics.cycle_timeout);
    # /readyz fails while the latest cycle could not read a zone or list any account.
    livenessProbe:
      httpGet: { path: /healthz, port: metrics }
      periodSeconds: 30
      failureThreshold: 3
    readinessProbe:
      httpGet: { path: /readyz, port: metrics }
      periodSeconds: 10
    {{- end }}
    securityContext: {{- toYaml .Values.securityContext | nindent 6 }}
    resources: {{- toYaml .Values.resources | nindent 6 }}
    volumeMounts:
      - { name: config, mountPath: /etc/latticedns, readOnly: true }
      - { name: state, mountPath: /var/lib/latticedns }
volumes:
  - name: config
    configMap: { name: {{ .Release.Name }} }
  - name: state
    {{- if .Values.persistence.enabled }}
    persistentVolumeClaim: { claimName: {{ .Release.Name }}-state }
    {{- else }}
    emptyDir: {}
    {{- end }}
{{- end -}}
