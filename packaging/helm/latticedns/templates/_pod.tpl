{{- define "latticedns.pod" -}}
serviceAccountName: {{ .Values.serviceAccount.name }}
securityContext:
  runAsNonRoot: true
  runAsUser: 65532
  fsGroup: 65532
  seccompProfile: { type: RuntimeDefault }
containers:
  - name: latticedns
    image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
    imagePullPolicy: {{ .Values.image.pullPolicy }}
    args:
      {{- if eq .Values.mode "cronjob" }}
      - --once
      {{- end }}
      - -c
      - /etc/latticedns/latticedns.yaml
      - --log-format
      - json
    {{- if ne .Values.mode "cronjob" }}
    ports:
      - { name: metrics, containerPort: 7979 }
    livenessProbe:
      httpGet: { path: /healthz, port: metrics }
      periodSeconds: 30
      failureThreshold: 3
    readinessProbe:
      httpGet: { path: /readyz, port: metrics }
      periodSeconds: 10
    {{- end }}
    securityContext:
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      capabilities: { drop: ["ALL"] }
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
